"""What the bot knows: first-line answers by theme and role, the links they point to, the
checks on every text (readability, catalogs) and the first contact in other languages."""
