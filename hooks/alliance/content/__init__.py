"""Read and check one page: the content contract (schema), front matter, theme fields, body markup,
people, the review record and its digest, the local files a page shows, lints and readability, and
which files of the site are pages. `pages.check_page` is the one entry point every command and the
build use."""
