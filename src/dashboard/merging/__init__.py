"""One real event, one record: merging the reports of one meeting from several articles."""
