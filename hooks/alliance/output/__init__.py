"""Checks of what a build wrote: trust elements in every built page (an HTML5 parser, as browsers
read it), the published-URL record, and links and anchors as MkDocs resolves them."""
