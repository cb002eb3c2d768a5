"""The conversation API: one conversation per patient (`messages`)."""
