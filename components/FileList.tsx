/** Files attached to a proposal or a delivery, as download links with their size. */
import { Icon } from "./Icon.tsx";

export interface FileLink {
  id: string;
  fileName: string;
  size: number;
  url: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round(bytes / 104857.6) / 10).toFixed(1)} MB`;
}

export function FileList({ files }: { files: FileLink[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="file-list">
      {files.map((f) => (
        <li>
          <a href={f.url}>
            <Icon name="file" size={16} />
            <span class="file-name">{f.fileName}</span>
          </a>
          <span class="muted">{formatSize(f.size)}</span>
        </li>
      ))}
    </ul>
  );
}
