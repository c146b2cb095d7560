"""The staff side: scoped admins, the admin site, imports, history and the dashboard."""
