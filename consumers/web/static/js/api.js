// The search API as the page uses it: the analyst's key (kept in sessionStorage) sent as X-API-Key.

const KEY = "enlace.apiKey";

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Listeners called when the API refuses the key (401): the page asks for it again. */
const onUnauthorized = new Set();
export function whenUnauthorized(listener) {
  onUnauthorized.add(listener);
}

function url(path, params = {}) {
  const target = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    for (const one of [].concat(value)) {
      if (one !== undefined && one !== null && one !== "") target.searchParams.append(name, one);
    }
  }
  return target;
}

async function call(path, { params, body, signal, key } = {}) {
  const stored = key === undefined; // a key being tried (sign-in) is not the kept one
  const headers = { "X-API-Key": (stored ? apiKey.get() : key) || "" };
  const init = { headers, signal };
  if (body !== undefined) {
    init.method = "POST";
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url(path, params), init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail ?? "");
    if (response.status === 401 && stored) onUnauthorized.forEach((listener) => listener());
    throw new ApiError(response.status, detail);
  }
  return data;
}

export const api = {
  /** Who a key belongs to; used to check a key before keeping it. */
  me: (key) => call("api/me", { key }),
  search: (params, signal) => call("api/search", { params, signal }),
  entity: (id, hops, signal) => call(`api/entities/${encodeURIComponent(id)}`, { params: { hops }, signal }),
  judge: (judgement) => call("api/judgements", { body: judgement }),
};
