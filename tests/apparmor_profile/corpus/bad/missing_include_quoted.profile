profile missing_include_quoted { include "/nonexistent/file" }
