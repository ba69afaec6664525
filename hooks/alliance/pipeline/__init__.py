"""One MkDocs build: its state (owned by the build's config, so the hooks run in any order), the
worker processes that check pages while MkDocs renders, and the log that makes strict strict."""
