"""The demo's own data: the text and figures it writes, apart from the code that builds rows."""
