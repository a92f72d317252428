// Starts the OpenAPI explorer from a static file (the CSP forbids inline scripts).
window.addEventListener("DOMContentLoaded", () => {
  if (typeof window.SwaggerUIBundle !== "function") {
    document.getElementById("docs-missing").hidden = false;
    return;
  }
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
