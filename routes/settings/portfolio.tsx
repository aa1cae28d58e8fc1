/**
 * A worker's portfolio and certifications, edited with plain forms. Images are posted with the
 * item (multipart): the fields are checked first, then each file goes through the upload use
 * case (type from the bytes, 5 MB, hourly limit) and is attached to the item.
 */
import type { z } from "zod";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import {
  CertificationBody,
  Id,
  PORTFOLIO_MAX_IMAGES,
  PortfolioItemBody,
} from "@/lib/schemas/social.ts";
import { HttpError } from "@/server/errors.ts";
import {
  addCertification,
  type Certification,
  deleteCertification,
  listCertifications,
} from "@/server/profiles/certifications.ts";
import {
  createPortfolioItem,
  deletePortfolioItem,
  listPortfolio,
  type PortfolioItemView,
  updatePortfolioItem,
} from "@/server/profiles/portfolio.ts";
import { createUpload } from "@/server/uploads/uploads.ts";
import { uploadDeps } from "@/server/uploads/web.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, seeOther } from "@/server/web/page.ts";

export const title = "Portfolio and certifications";

/** Files one form post may carry (the body limit of this route allows three of 5 MB). */
const FILES_PER_POST = 3;

interface Data {
  isWorker: boolean;
  items: PortfolioItemView[];
  certifications: Certification[];
  /** The item being edited (?edit=<id>), if any. */
  editing: PortfolioItemView | null;
  itemValues: Record<string, string>;
  itemErrors: FieldErrors;
  certValues: Record<string, string>;
  certErrors: FieldErrors;
}

type Form = Record<string, string | File | (string | File)[]>;

const text = (v: Form[string] | undefined) => typeof v === "string" ? v : "";
const files = (v: Form[string] | undefined): File[] =>
  (Array.isArray(v) ? v : v ? [v] : []).filter((f): f is File => f instanceof File && f.size > 0);
const list = (v: Form[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).filter((s): s is string => typeof s === "string");

function check<S extends z.ZodType>(schema: S, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true as const, data: result.data as z.output<S> };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    errors[issue.path.length ? issue.path.map(String).join(".") : "_form"] ??= issue.message;
  }
  return { ok: false as const, errors };
}

async function render(
  c: AppContext,
  viewer: Viewer,
  state: Partial<Pick<Data, "itemValues" | "itemErrors" | "certValues" | "certErrors">> = {},
  status?: number,
) {
  const { db } = c.get("deps");
  const items = await listPortfolio(db.orm, viewer.user.id);
  const editId = new URL(c.req.url).searchParams.get("edit") ?? state.itemValues?.id;
  const editing = items.find((i) => i.id === editId) ?? null;
  return page<Data>({
    isWorker: viewer.user.role === "worker",
    items,
    certifications: await listCertifications(db.orm, viewer.user.id),
    editing,
    itemValues: state.itemValues ??
      (editing
        ? { title: editing.title, description: editing.description, link: editing.link ?? "" }
        : {}),
    itemErrors: state.itemErrors ?? {},
    certValues: state.certValues ?? {},
    certErrors: state.certErrors ?? {},
  }, { status });
}

/** Stores the posted images through the upload use case; returns their ids. */
async function storeImages(c: AppContext, viewer: Viewer, posted: File[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of posted) {
    const upload = await createUpload(uploadDeps(c), viewer.user.id, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    if (upload.kind !== "image") {
      throw new HttpError("unsupported-media-type", `${upload.fileName} is not an image.`);
    }
    ids.push(upload.id);
  }
  return ids;
}

async function saveItem(c: AppContext, viewer: Viewer, form: Form) {
  const values = {
    id: text(form.id),
    title: text(form.title),
    description: text(form.description),
    link: text(form.link),
  };
  const fields = check(PortfolioItemBody, {
    title: values.title,
    description: values.description,
    link: values.link.trim() === "" ? null : values.link,
  });
  const posted = files(form.images);
  const editing = values.id !== "";
  const current = editing
    ? (await listPortfolio(c.get("deps").db.orm, viewer.user.id)).find((i) => i.id === values.id)
    : undefined;
  if (editing && !current) throw new HttpError("not-found", "This portfolio item is not yours.");
  const keep = current
    ? current.images.map((i) => i.uploadId).filter((id) => !list(form.remove).includes(id))
    : [];
  const errors: FieldErrors = fields.ok ? {} : { ...fields.errors };
  if (posted.length > FILES_PER_POST) {
    errors.images = `Add up to ${FILES_PER_POST} images at a time.`;
  } else if (keep.length + posted.length > PORTFOLIO_MAX_IMAGES) {
    errors.images = `An item shows up to ${PORTFOLIO_MAX_IMAGES} images.`;
  }
  if (!fields.ok || Object.keys(errors).length) {
    return render(c, viewer, { itemValues: values, itemErrors: errors }, 422);
  }
  const { db, clock } = c.get("deps");
  try {
    const uploadIds = [...keep, ...await storeImages(c, viewer, posted)];
    const input = { ...fields.data, uploadIds };
    await db.write((tx) =>
      current
        ? updatePortfolioItem(tx, viewer.user, current.id, input, clock.now())
        : createPortfolioItem(tx, viewer.user, input, clock.now())
    );
  } catch (err) {
    const failure = formFailure(c, err);
    const itemErrors = failure.errors._form
      ? { images: failure.errors._form }
      : mapApiErrors(failure.errors);
    return render(c, viewer, { itemValues: values, itemErrors }, failure.status);
  }
  return seeOther(c, `/settings/portfolio?saved=${editing ? "item" : "added"}#portfolio`);
}

/** Errors of the use case name API fields (uploadIds.0); the form calls that input "images". */
function mapApiErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) out[k.startsWith("uploadIds") ? "images" : k] ??= v;
  return out;
}

async function saveCertification(c: AppContext, viewer: Viewer, form: Form) {
  const values = {
    name: text(form.name),
    issuer: text(form.issuer),
    year: text(form.year),
    url: text(form.url),
  };
  const year = values.year.trim();
  const parsed = check(CertificationBody, {
    name: values.name,
    issuer: values.issuer,
    year: year === "" ? null : /^\d{1,4}$/.test(year) ? Number(year) : year,
    url: values.url.trim() === "" ? null : values.url,
  });
  if (!parsed.ok) return render(c, viewer, { certValues: values, certErrors: parsed.errors }, 422);
  const { db, clock } = c.get("deps");
  try {
    await db.write((tx) => addCertification(tx, viewer.user, parsed.data, clock.now()));
  } catch (err) {
    const failure = formFailure(c, err);
    return render(c, viewer, { certValues: values, certErrors: failure.errors }, failure.status);
  }
  return seeOther(c, "/settings/portfolio?saved=cert#certifications");
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return render(c, viewer);
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    if (viewer.user.role !== "worker") {
      throw new HttpError("forbidden", "Only worker accounts have a portfolio.");
    }
    let form: Form;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw new HttpError("bad-request", "The form could not be read. Try again.");
    }
    const { db } = c.get("deps");
    const id = Id.safeParse(text(form.id));
    switch (text(form.intent)) {
      case "item-save":
        return saveItem(c, viewer, form);
      case "item-delete":
        if (!id.success) throw new HttpError("not-found", "This portfolio item is not yours.");
        await db.write((tx) => deletePortfolioItem(tx, viewer.user, id.data));
        return seeOther(c, "/settings/portfolio?saved=deleted#portfolio");
      case "cert-save":
        return saveCertification(c, viewer, form);
      case "cert-delete":
        if (!id.success) throw new HttpError("not-found", "This certification is not yours.");
        await db.write((tx) => deleteCertification(tx, viewer.user, id.data));
        return seeOther(c, "/settings/portfolio?saved=cert-deleted#certifications");
      default:
        throw new HttpError("bad-request", "Unknown action.");
    }
  },
});

const SAVED: Record<string, string> = {
  added: "The item is on your profile.",
  item: "The item is updated.",
  deleted: "The item is removed from your profile.",
  cert: "The certification is on your profile.",
  "cert-deleted": "The certification is removed.",
};

export default function PortfolioSettings({ data, url, viewer }: PageProps<Data>) {
  const saved = SAVED[url.searchParams.get("saved") ?? ""];
  if (!data.isWorker) {
    return (
      <div class="container page page-narrow">
        <h1>Portfolio</h1>
        <Notice kind="info">
          Portfolios and certifications are for worker accounts. Your profile is in{" "}
          <a href="/settings">Settings</a>.
        </Notice>
      </div>
    );
  }
  const { itemValues: iv, itemErrors: ie, certValues: cv, certErrors: ce, editing } = data;
  return (
    <div class="container page">
      <header class="page-header">
        <p class="eyebrow">
          <a href="/settings">Settings</a> / Portfolio
        </p>
        <h1>Portfolio and certifications</h1>
        <p class="muted">
          Show clients what you have done.{" "}
          {viewer && <a href={`/users/${viewer.id}`}>See your public profile</a>}.
        </p>
      </header>
      {saved && <Notice kind="success" title="Saved">{saved}</Notice>}

      <div class="settings-grid">
        <section class="card" id="portfolio" aria-labelledby="h-portfolio">
          <h2 id="h-portfolio">Portfolio</h2>
          {data.items.length === 0
            ? <p class="muted">No items yet. Add your first piece of work below.</p>
            : (
              <ul class="portfolio-admin">
                {data.items.map((item) => (
                  <li class={`portfolio-admin-item${editing?.id === item.id ? " is-editing" : ""}`}>
                    {item.images[0]
                      ? <img src={item.images[0].url} alt="" loading="lazy" class="thumb" />
                      : <span class="thumb thumb-empty" aria-hidden="true" />}
                    <div class="portfolio-admin-text">
                      <p class="portfolio-admin-title">{item.title}</p>
                      <p class="muted meta-text">
                        {item.images.length} image{item.images.length === 1 ? "" : "s"}
                        {item.link && " · link"}
                      </p>
                    </div>
                    <div class="portfolio-admin-actions">
                      <a
                        class="button button-secondary button-small"
                        href={`/settings/portfolio?edit=${item.id}#item-form`}
                      >
                        Edit<span class="visually-hidden">: {item.title}</span>
                      </a>
                      <form method="post" action="/settings/portfolio" class="inline-form">
                        <input type="hidden" name="intent" value="item-delete" />
                        <input type="hidden" name="id" value={item.id} />
                        <button type="submit" class="button button-ghost button-small">
                          Delete<span class="visually-hidden">: {item.title}</span>
                        </button>
                      </form>
                    </div>
                  </li>
                ))}
              </ul>
            )}

          <h3 id="item-form">{editing ? `Edit “${editing.title}”` : "Add an item"}</h3>
          {ie._form && <Notice kind="error">{ie._form}</Notice>}
          <form
            method="post"
            action="/settings/portfolio"
            enctype="multipart/form-data"
            class="stack"
          >
            <input type="hidden" name="intent" value="item-save" />
            {editing && <input type="hidden" name="id" value={editing.id} />}
            <Field
              name="title"
              label="Title"
              required
              maxLength={120}
              value={iv.title}
              error={ie.title}
            />
            <Field
              name="description"
              label="Description"
              rows={4}
              maxLength={5000}
              value={iv.description}
              error={ie.description}
            />
            <Field
              name="link"
              label="Link"
              type="url"
              placeholder="https://…"
              hint="Optional: where the work can be seen."
              value={iv.link}
              error={ie.link}
            />
            {editing && editing.images.length > 0 && (
              <fieldset class="fieldset">
                <legend>Current images</legend>
                <ul class="image-picks">
                  {editing.images.map((img) => (
                    <li>
                      <label>
                        <img src={img.url} alt="" class="thumb" />
                        <span>
                          <input type="checkbox" name="remove" value={img.uploadId} /> Remove
                          <span class="visually-hidden">{img.fileName}</span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )}
            <div class={`field${ie.images ? " has-error" : ""}`}>
              <label for="f-images">{editing ? "Add images" : "Images"}</label>
              <input
                id="f-images"
                name="images"
                type="file"
                accept="image/jpeg,image/png,image/gif,image/webp"
                multiple
                aria-describedby="f-images-hint"
              />
              <p class="field-hint" id="f-images-hint">
                JPEG, PNG, GIF or WebP, up to 5 MB each; {FILES_PER_POST} per save,{" "}
                {PORTFOLIO_MAX_IMAGES} per item.
              </p>
              {ie.images && <p class="field-error" id="f-images-error">{ie.images}</p>}
            </div>
            <div class="form-actions">
              <button type="submit" class="button">{editing ? "Save changes" : "Add item"}</button>
              {editing && <a class="button button-ghost" href="/settings/portfolio">Cancel</a>}
            </div>
          </form>
        </section>

        <section class="card" id="certifications" aria-labelledby="h-certs">
          <h2 id="h-certs">Certifications</h2>
          {data.certifications.length === 0
            ? <p class="muted">None listed yet.</p>
            : (
              <ul class="cert-list">
                {data.certifications.map((cert) => (
                  <li class="cert-admin-item">
                    <div>
                      <p class="cert-name">{cert.name}</p>
                      <p class="muted meta-text">
                        {cert.issuer}
                        {cert.year !== null && ` · ${cert.year}`}
                      </p>
                    </div>
                    <form method="post" action="/settings/portfolio" class="inline-form">
                      <input type="hidden" name="intent" value="cert-delete" />
                      <input type="hidden" name="id" value={cert.id} />
                      <button type="submit" class="button button-ghost button-small">
                        Delete<span class="visually-hidden">: {cert.name}</span>
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          <h3>Add a certification</h3>
          {ce._form && <Notice kind="error">{ce._form}</Notice>}
          <form method="post" action="/settings/portfolio" class="stack">
            <input type="hidden" name="intent" value="cert-save" />
            <Field
              name="name"
              label="Name"
              required
              maxLength={120}
              value={cv.name}
              error={ce.name}
            />
            <Field
              name="issuer"
              label="Issued by"
              required
              maxLength={120}
              value={cv.issuer}
              error={ce.issuer}
            />
            <div class="field-row">
              <Field
                name="year"
                label="Year"
                inputMode="numeric"
                placeholder="2021"
                value={cv.year}
                error={ce.year}
              />
              <Field
                name="url"
                label="Link"
                type="url"
                placeholder="https://…"
                value={cv.url}
                error={ce.url}
              />
            </div>
            <div class="form-actions">
              <button type="submit" class="button">Add certification</button>
            </div>
          </form>
        </section>
      </div>
    </div>
  );
}
