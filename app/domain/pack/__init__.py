"""The annual report pack for the Corporate Parenting Board: building it, its tables and charts, chosen quotes, and the PDF and XLSX output."""
