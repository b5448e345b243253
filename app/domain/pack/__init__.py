"""The annual report pack for the Corporate Parenting Board: building it, its charts, chosen quotes, and the PDF and XLSX output."""
