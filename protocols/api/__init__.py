"""The protocols API: protocol versions (`protocols`) and the shared words (`vocabulary`)."""
