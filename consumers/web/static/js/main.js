// The page: sign-in with an API key, then search beside the entity on show (#/entity/<id>).

import { api, apiKey, ApiError, whenUnauthorized } from "./api.js";
import { setupEntity } from "./entity.js";
import { setupSearch } from "./search.js";

const $ = (id) => document.getElementById(id);

const search = setupSearch();
const entity = setupEntity({ onShown: (id) => search.markCurrent(id) });

/** The entity id in ``#/entity/<id>``, or null. Other hashes (e.g. the skip link's) leave the page as it is. */
function routed() {
  const match = /^#\/entity\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

function route() {
  if (!apiKey.get()) return;
  const id = routed();
  if (id) entity.show(id);
  else if (location.hash === "" || location.hash === "#/") entity.hide();
}

function signedIn(me) {
  $("who-name").textContent = `Signed in as ${me.user} (${me.agency}, ${me.clearance})`;
  $("who").hidden = false;
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  route();
  if (!routed()) $("search-q").focus();
}

function signedOut(message = "") {
  apiKey.clear();
  search.reset();
  entity.hide();
  $("who").hidden = true;
  $("workspace").hidden = true;
  $("sign-in").hidden = false;
  $("key-error").textContent = message;
  $("api-key").value = "";
  $("api-key").focus();
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = $("api-key").value.trim();
  if (!key) return;
  $("key-error").textContent = "Checking…";
  try {
    const me = await api.me(key);
    apiKey.set(key);
    $("key-error").textContent = "";
    signedIn(me);
  } catch (error) {
    $("key-error").textContent = error instanceof ApiError && error.status === 401
      ? "That key was not accepted." : `Could not check the key: ${error.message}`;
    $("api-key").select();
  }
});

$("sign-out").addEventListener("click", () => signedOut());
whenUnauthorized(() => signedOut("Your key was not accepted any more; sign in again."));
window.addEventListener("hashchange", route);

async function start() {
  const key = apiKey.get();
  if (!key) return signedOut();
  try {
    signedIn(await api.me(key));
  } catch (error) {
    signedOut(error instanceof ApiError && error.status === 401 ? "" : `Could not reach the API: ${error.message}`);
  }
}

start();
