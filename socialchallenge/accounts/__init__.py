"""Accounts: the domain functions behind sign-up, sign-in, tokens and password resets."""
