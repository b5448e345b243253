"""Reading a booklet's answers in words for the IRO, and the history across reviews (faces over time, the review menu), and the summary at the top of the page."""
