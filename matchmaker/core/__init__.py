"""What every domain shares: column types, lifecycle events, the audit log, the layout."""
