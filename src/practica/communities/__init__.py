"""Communities, membership, the charter ("container"), goals, and the kernel every feature uses:
the visibility gate, the activity stream, notifications and the audit trail."""
