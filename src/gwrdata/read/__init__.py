"""Read: a report file as published, turned into text whose offsets are the file's own.

Takes a path (plain text, HTML or Markdown in any of the encodings reports come in) and hands
on a decoded text, a plain view for extraction whose offsets map back into that text, and the
damage a web scrape left in it (injected spam, a page footer, lost characters) as spans. Nothing
here knows what a figure is.
"""
