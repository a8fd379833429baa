// DOT -> SVG with libgvc in process: agmemread parses, gvLayout runs the dot engine,
// gvRenderData writes SVG into a buffer Graphviz owns (gvFreeRenderData).
#include "engine/graphviz_render.h"

#include <graphviz/gvc.h>

#include <memory>
#include <stdexcept>

namespace lsmsim::engine {

namespace {

// Graphviz reports errors through a process-wide callback; collect them for the exception
// instead of letting them go to stderr.
thread_local std::string gv_errors;

int collect_error(char* message) {
  gv_errors += message;
  return 0;
}

// Sets the callback for one render and restores the previous one.
class ErrorCapture {
 public:
  ErrorCapture() : previous_(agseterrf(collect_error)) { gv_errors.clear(); }
  ~ErrorCapture() { agseterrf(previous_); }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  static std::string text() {
    std::string t = gv_errors;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t.empty() ? std::string() : ": " + t;
  }

 private:
  agusererrf previous_;
};

}  // namespace

std::string render_dot_to_svg(const std::string& dot) {
  ErrorCapture capture;
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (gvc == nullptr) throw std::runtime_error("Graphviz: no context");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g(agmemread(dot.c_str()), agclose);
  if (g == nullptr)
    throw std::runtime_error("Graphviz could not parse the DOT text" + ErrorCapture::text());
  if (gvLayout(gvc.get(), g.get(), "dot") != 0)
    throw std::runtime_error("Graphviz could not lay the graph out" + ErrorCapture::text());
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
