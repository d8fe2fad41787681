"""The hall server's client (docs/server-api.md)."""
