// DOT -> SVG in process with Graphviz's libgvc (gvContext, agmemread, gvLayout "dot",
// gvRenderData "svg"), for `lsmsim graph --format svg`: no `dot` subprocess.
#pragma once

#include <string>

namespace lsmsim::engine {

// Throws std::runtime_error when Graphviz cannot read or lay out the graph.
std::string render_dot_to_svg(const std::string& dot);

}  // namespace lsmsim::engine
