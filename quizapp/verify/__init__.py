"""Loading verifier modules by path and running them on torch (imported lazily)."""
