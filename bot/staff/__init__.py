"""The staff workspace: accounts with two-factor login, the inbox of handovers, the calendar,
admin pages and the NEN 7513 audit log. Served under /staff by the bot app."""
