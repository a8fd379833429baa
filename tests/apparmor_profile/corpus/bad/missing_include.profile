#include <nonexistent/file>
profile missing_include { }
