// The one Boost.Test entry point, compiled once and linked into every area's executable.
#define BOOST_TEST_MODULE lsmsim
#include <boost/test/unit_test.hpp>
