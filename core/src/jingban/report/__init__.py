"""What operators read: tables in Chinese (English with --lang en) and JSON documents."""
