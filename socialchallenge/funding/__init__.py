"""Crowdfunding: pledges, settlement, rewards, skill pledges and the money ledger (SPEC §3)."""
