"""The managers' reports: shared data frames, the table shape, and each report (the contract ones and the rest) with CSV and XLSX output."""
