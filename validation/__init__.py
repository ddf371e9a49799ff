"""The validation suites of gwrdata, as data: great-expectations suites in gx/, the frictionless
checklist in frictionless.yaml, and README.md listing every check."""
