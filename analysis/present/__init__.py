"""The presentation layer: thresholds, findings, the fingerprint, wording, charts,
controls, notebook set-up, pages and the HTML report. Imports only the layers below."""
