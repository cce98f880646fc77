"""The Hugging Face Hub, and only the network: the client (timeouts, retries, typed errors), a run's
session (each repository fetched once, concurrently), licheck's cache of snapshots, and the fetch of one
repository at one commit. What a snapshot says is read by licheck.metadata.reader, like a folder."""
