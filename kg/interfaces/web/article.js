// The article page (/article): bring the highlighted evidence into view. A file of its own
// because the endpoint's Content-Security-Policy runs no inline script.
"use strict";
document.getElementById("evidence")?.scrollIntoView({block: "center"});
