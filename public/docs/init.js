// Renders /openapi.json with the locally served Swagger UI bundle.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", deepLinking: true });
