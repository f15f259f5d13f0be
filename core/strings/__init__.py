"""String tables, one module per area; merged by core.i18n."""
