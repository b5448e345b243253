"""Review-record imports: reading and checking a file, the checked rows and the result, and writing it all or nothing."""
