// DOT -> SVG with libgvc in process: agmemread parses, gvLayout runs the dot engine,
// gvRenderData writes SVG into a buffer Graphviz owns (gvFreeRenderData).
#include "engine/graphviz_render.h"

#include <graphviz/gvc.h>

#include <memory>
#include <stdexcept>

namespace lsmsim::engine {

std::string render_dot_to_svg(const std::string& dot) {
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (gvc == nullptr) throw std::runtime_error("Graphviz: no context");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(dot.c_str()), agclose);
  if (g == nullptr) throw std::runtime_error("Graphviz could not parse the DOT text");
  if (gvLayout(gvc.get(), g.get(), "dot") != 0)
    throw std::runtime_error("Graphviz could not lay the graph out");
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  std::string svg = rc == 0 && data != nullptr ? std::string(data, length) : std::string();
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rc != 0) throw std::runtime_error("Graphviz could not render SVG");
  return svg;
}

}  // namespace lsmsim::engine
