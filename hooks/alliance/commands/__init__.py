"""The `alliance` command line: one module per command family, all over the same library the build
uses, so a command and the build cannot disagree."""
