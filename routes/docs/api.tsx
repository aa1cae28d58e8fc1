/**
 * The API reference: the same OpenAPI document as /api/v1/openapi.json, rendered on the server
 * as readable lists (no client script, so it works under the strict CSP and without JavaScript).
 */
import { type ComponentChildren, Fragment } from "preact";
import { definePage, page, type PageProps } from "@/server/web/page.ts";
import {
  formatRateLimit,
  type JsonSchema,
  type OpenApiDocument,
  openApiDocument,
  type OpenApiOperation,
} from "@/server/web/openapi.ts";

export const title = "API reference";
export const styles = ["/static/api-docs.css"];

export const handler = definePage({
  GET: (c) => page(openApiDocument(c.get("deps").manifest)),
});

interface Entry {
  method: string;
  path: string;
  op: OpenApiOperation;
}

export default function ApiReference({ data: doc }: PageProps<OpenApiDocument>) {
  const entries: Entry[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op: op! }))
  );
  const byTag = doc.tags.map((tag) => ({
    ...tag,
    entries: entries.filter((e) => e.op.tags.includes(tag.name)),
  }));
  const untagged = entries.filter((e) => e.op.tags.length === 0);
  if (untagged.length) byTag.push({ name: "other", description: undefined, entries: untagged });
  return (
    <div class="api-docs">
      <header class="api-intro">
        <h1>{doc.info.title} reference</h1>
        <p>{doc.info.description}</p>
        <p class="api-links">
          <a href="/api/v1/openapi.json">OpenAPI 3.1 document (JSON)</a>
          <span>Version {doc.info.version}</span>
          <span>{entries.length} operations</span>
        </p>
      </header>
      <nav class="api-toc" aria-label="Operations">
        {byTag.map((tag) => (
          <div class="api-toc-group" key={tag.name}>
            <h2>
              <a href={`#tag-${tag.name}`}>{tag.name}</a>
            </h2>
            <ul>
              {tag.entries.map((e) => (
                <li key={e.op.operationId}>
                  <a href={`#${e.op.operationId}`}>
                    <MethodBadge method={e.method} />
                    <PathText path={e.path} />
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <section class="api-basics" aria-labelledby="basics">
        <h2 id="basics">Basics</h2>
        <dl>
          <dt>Signing in</dt>
          <dd>
            Operations marked <em>sign-in required</em> take the access token from signing in as
            {" "}
            <code>Authorization: Bearer &lt;token&gt;</code>, or the <code>wm_access</code>{" "}
            cookie a browser receives. Access tokens last 15 minutes; exchange the refresh token for
            new ones.
          </dd>
          <dt>Errors</dt>
          <dd>
            Every error is <code>application/problem+json</code> shaped like{" "}
            <a href="#schema-Problem">Problem</a>; match on its <code>type</code>.
          </dd>
          <dt>Rate limits</dt>
          <dd>
            Limited operations answer <code>429</code> past their limit, with a{" "}
            <code>Retry-After</code> header in seconds.
          </dd>
        </dl>
      </section>
      {byTag.map((tag) => (
        <section class="api-tag" id={`tag-${tag.name}`} key={tag.name}>
          <h2>{tag.name}</h2>
          {tag.description && <p class="api-tag-desc">{tag.description}</p>}
          {tag.entries.map((e) => <Operation key={e.op.operationId} entry={e} doc={doc} />)}
        </section>
      ))}
      <section class="api-tag" id="schemas">
        <h2>Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <article class="api-schema" id={`schema-${name}`} key={name}>
            <h3>{name}</h3>
            {typeof schema.description === "string" && <p>{schema.description}</p>}
            <SchemaBody schema={schema} doc={doc} seen={[name]} depth={1} />
          </article>
        ))}
      </section>
    </div>
  );
}

function MethodBadge({ method }: { method: string }) {
  return <span class={`method method-${method}`}>{method.toUpperCase()}</span>;
}

/** A path that may wrap after a slash on a narrow screen, never inside a word. */
function PathText({ path, class: className }: { path: string; class?: string }) {
  const parts = path.split(/(?<=\/)/);
  return (
    <code class={className}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

function Operation({ entry: { method, path, op }, doc }: { entry: Entry; doc: OpenApiDocument }) {
  const limit = op["x-rate-limit"];
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <article class="op" id={op.operationId}>
      <p class="op-line">
        <MethodBadge method={method} />
        <PathText class="op-path" path={path} />
      </p>
      <h3>{op.summary}</h3>
      {op.description && <p>{op.description}</p>}
      <dl class="op-meta">
        <dt>Auth</dt>
        <dd>{op.security ? "Sign-in required (bearer token or session cookie)" : "None"}</dd>
        {limit && (
          <>
            <dt>Rate limit</dt>
            <dd>{formatRateLimit({ limit: limit.limit, windowMs: limit.windowSeconds * 1000 })}</dd>
          </>
        )}
      </dl>
      {op.parameters && (
        <>
          <h4>Parameters</h4>
          <ul class="fields">
            {op.parameters.map((p) => (
              <Field
                key={`${p.in}:${p.name}`}
                name={p.name}
                where={p.in}
                schema={p.description ? { ...p.schema, description: p.description } : p.schema}
                required={p.required}
                doc={doc}
                seen={[]}
                depth={0}
              />
            ))}
          </ul>
        </>
      )}
      {body && (
        <>
          <h4>
            Request body <span class="media">application/json</span>
            {!op.requestBody!.required && <span class="tag">optional</span>}
          </h4>
          <SchemaBody schema={body} doc={doc} seen={[]} depth={0} />
        </>
      )}
      <h4>Responses</h4>
      <ul class="responses">
        {Object.entries(op.responses).map(([status, res]) => {
          const [media, content] = Object.entries(res.content ?? {})[0] ?? [];
          return (
            <li key={status}>
              <p>
                <span class={`status status-${status[0]}xx`}>{status}</span> {res.description}
                {media && <span class="media">{media}</span>}
              </p>
              {res.headers && Object.keys(res.headers).map((h) => (
                <p class="note" key={h}>
                  Header <code>{h}</code>: {res.headers![h].description}
                </p>
              ))}
              {content && +status < 400 && (
                <SchemaBody schema={content.schema} doc={doc} seen={[]} depth={1} />
              )}
              {content && +status >= 400 && (
                <p class="note">
                  Body: <a href="#schema-Problem">Problem</a>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

type FieldProps = { doc: OpenApiDocument; seen: string[]; depth: number };

/** A schema's fields (objects), or its type line (anything else). */
function SchemaBody({ schema, doc, seen, depth }: FieldProps & { schema: JsonSchema }) {
  const { target, refName } = resolve(schema, doc);
  const props = (target.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((target.required ?? []) as string[]);
  const names = Object.keys(props);
  const nextSeen = refName ? [...seen, refName] : seen;
  return (
    <div class="schema">
      {refName && (
        <p class="schema-name">
          <a href={`#schema-${refName}`}>{refName}</a>
        </p>
      )}
      {names.length
        ? (
          <ul class="fields">
            {names.map((name) => (
              <Field
                key={name}
                name={name}
                schema={props[name]}
                required={required.has(name)}
                doc={doc}
                seen={nextSeen}
                depth={depth}
              />
            ))}
          </ul>
        )
        : <p class="note">{describe(target, doc).type}</p>}
      {target.additionalProperties === false && names.length > 0 && depth === 0 && (
        <p class="note">No other fields.</p>
      )}
    </div>
  );
}

function Field(
  { name, where, schema, required, doc, seen, depth }: FieldProps & {
    name: string;
    where?: string;
    schema: JsonSchema;
    required: boolean;
  },
) {
  const info = describe(schema, doc);
  const nested = info.object && info.refName && seen.includes(info.refName)
    ? undefined
    : info.object;
  return (
    <li class="field">
      <p class="field-head">
        <code class="field-name">{name}</code>
        <span class="field-type">
          {info.refName ? <a href={`#schema-${info.refName}`}>{info.type}</a> : info.type}
        </span>
        {where && <span class="tag">{where}</span>}
        {required
          ? <span class="tag tag-required">required</span>
          : <span class="tag">optional</span>}
      </p>
      {info.description && <p class="field-desc">{info.description}</p>}
      {info.constraints.length > 0 && (
        <ul class="constraints">
          {info.constraints.map((c) => <li key={c}>{c}</li>)}
        </ul>
      )}
      {nested && depth < 4 && (
        <Details open={depth < 1}>
          <SchemaBody
            schema={nested}
            doc={doc}
            seen={info.refName ? [...seen, info.refName] : seen}
            depth={depth + 1}
          />
        </Details>
      )}
    </li>
  );
}

function Details({ open, children }: { open: boolean; children: ComponentChildren }) {
  return (
    <details class="nested" open={open}>
      <summary>Fields</summary>
      {children}
    </details>
  );
}

interface Described {
  type: string;
  refName?: string;
  description?: string;
  constraints: string[];
  /** The object schema whose fields to list under this one. */
  object?: JsonSchema;
}

function resolve(schema: JsonSchema, doc: OpenApiDocument) {
  const ref = typeof schema.$ref === "string" ? schema.$ref.split("/").pop()! : undefined;
  const target = ref ? { ...doc.components.schemas[ref], ...withoutRef(schema) } : schema;
  return { target, refName: ref };
}

function withoutRef({ $ref: _, ...rest }: JsonSchema) {
  return rest;
}

/** A readable type ("string or null", "array of Money"), its constraints and nested fields. */
function describe(schema: JsonSchema, doc: OpenApiDocument): Described {
  const { target: s, refName } = resolve(schema, doc);
  const description = typeof s.description === "string" ? s.description : undefined;
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== "null");
    const orNull = nonNull.length < variants.length ? " or null" : "";
    if (nonNull.length === 1) {
      const inner = describe(nonNull[0], doc);
      return { ...inner, type: inner.type + orNull, description: description ?? inner.description };
    }
    const types = nonNull.map((v) => describe(v, doc).type).join(" | ");
    return { type: `${types}${orNull}`, description, constraints: [] };
  }
  const types = Array.isArray(s.type) ? s.type as string[] : s.type ? [s.type as string] : [];
  const base = types.filter((t) => t !== "null");
  const orNull = base.length < types.length ? " or null" : "";
  let type = base.join(" | ") || "any";
  let object: JsonSchema | undefined;
  if (base[0] === "array" && s.items) {
    const item = describe(s.items as JsonSchema, doc);
    type = `array of ${item.refName ?? item.type}`;
    object = item.object;
    return {
      type: type + orNull,
      refName: item.refName,
      description,
      constraints: [...constraintsOf(s), ...item.constraints.map((c) => `each: ${c}`)],
      object,
    };
  }
  if (base[0] === "object" && s.properties) object = s;
  return {
    type: (refName ?? type) + orNull,
    refName,
    description,
    constraints: constraintsOf(s),
    object,
  };
}

function constraintsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  range(s.minLength, s.maxLength, " characters");
  const num = (n: unknown) => typeof n === "number" ? n.toLocaleString("en") : undefined;
  range(num(s.minimum), num(s.maximum), "");
  range(s.minItems, s.maxItems, " items");
  if (s.exclusiveMinimum !== undefined) out.push(`greater than ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`less than ${s.exclusiveMaximum}`);
  if (Array.isArray(s.enum)) out.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (s.const !== undefined) out.push(`always ${JSON.stringify(s.const)}`);
  if (typeof s.format === "string") out.push(`format: ${s.format}`);
  if (typeof s.pattern === "string") out.push(`pattern: ${s.pattern}`);
  if (s.default !== undefined) out.push(`default: ${JSON.stringify(s.default)}`);
  return out;
}
