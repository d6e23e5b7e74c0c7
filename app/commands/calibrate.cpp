// `scmp calibrate CONFIG.yaml --levels 256,128,64 --target 96 [--op NAME] [-o OUT.yaml]`: measures the per-level
// error model of one operator of a configuration (its hardware section, its operands, the cpu backend) and
// prints the `mp:` section of a quantile policy that meets a MAC-weighted average stream-length budget with the
// least predicted error (mp/calibration.hpp). Paste the section into a sweep configuration to deploy it.
#include <boost/program_options.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "app/options.hpp"
#include "experiments/matmul_options.hpp"
#include "experiments/sweep_plan.hpp"
#include "experiments/workload.hpp"
#include "mp/calibration.hpp"
#include "mp/mp_config.hpp"
#include "mp/row_metrics.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

std::vector<int> parse_levels(const std::string& text) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) {
      throw InvalidArgument("--levels", text, "expected stream lengths separated by commas, e.g. 256,128,64");
    }
    out.push_back(std::stoi(item));
  }
  if (out.empty()) throw InvalidArgument("--levels", text, "expected at least one stream length");
  return out;
}

double parse_target(const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v > 0) || v > 1e9) {
    throw InvalidArgument("--target", text, "expected a positive MAC-weighted average stream length, e.g. 96");
  }
  return v;
}

template <class T>
std::string flow_list(const std::vector<T>& v) {
  std::ostringstream os;
  os << std::setprecision(17) << "[";
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << v[i];
  return os.str() + "]";
}

int run(const std::vector<std::string>& args) {
  po::options_description opts(
      "scmp calibrate CONFIG.yaml --levels L0,L1,... --target AVG_L [--op NAME] [-o OUT.yaml]\n\n"
      "Measures one operator's error per stream length and prints the quantile MP policy (mp: section) that meets\n"
      "the MAC-weighted average stream length AVG_L with the least predicted error");
  std::string levels_text, target_text, op_name, output;
  opts.add_options()("help,h", "show this help")
      ("levels", po::value(&levels_text), "stream lengths to choose from, descending, e.g. 256,128,64,32")
      ("target", po::value(&target_text), "MAC-weighted average stream length to meet")
      ("op", po::value(&op_name), "operator of workload.operators (default: the first)")
      ("output,o", po::value(&output), "write the mp: section here instead of to stdout");
  po::options_description hidden;
  std::vector<std::string> inputs;
  hidden.add_options()("config", po::value(&inputs)->multitoken());
  po::variables_map vm;
  if (const auto done = scmp::app::parse_options("calibrate", args, opts, vm, &hidden, {"config", -1})) return *done;
  if (inputs.size() != 1 || levels_text.empty() || target_text.empty()) {
    return scmp::app::usage_error("calibrate", "need one CONFIG.yaml, --levels and --target", opts);
  }
  const std::vector<int> levels = parse_levels(levels_text);
  const double target = parse_target(target_text);

  using namespace scmp;
  const experiments::LoadedConfig loaded = experiments::load_config_file(inputs[0]);
  const experiments::ExperimentConfig config = experiments::plan_sweep(loaded).base;
  const experiments::OperatorSpec* op = config.operators.empty() ? nullptr : &config.operators.front();
  if (!op_name.empty()) {
    op = nullptr;
    std::string names;
    for (const auto& o : config.operators) {
      if (o.name == op_name) op = &o;
      names += (names.empty() ? "" : ", ") + o.name;
    }
    if (op == nullptr) throw InvalidArgument("--op", op_name, "expected an operator of workload.operators: " + names);
  }
  if (op == nullptr) throw InvalidArgument("workload.operators", "(none)", "expected at least one operator");
  const std::string key = "workload.operators." + op->name;
  const sim::Tensor a = experiments::make_operand(op->a, experiments::operand_seed(config, op->name, "a"), config.base_dir,
                                                  key + ".a", loaded.sources);
  const sim::Tensor b = experiments::make_operand(op->b, experiments::operand_seed(config, op->name, "b"), config.base_dir,
                                                  key + ".b", loaded.sources);
  const sim::MatmulOptions options = experiments::matmul_options(config, a, b, "cpu", 0);

  const mp::LevelErrorModel model = mp::measure_error_model(a, b, options, levels);
  const std::string metric_name = mp::MPConfig{}.metric(op->name);
  const std::vector<float> metric = mp::row_metric(metric_name, a);
  const std::vector<std::int64_t> macs(metric.size(), b.dim(0) * a.dim(-1));
  const mp::CalibrationResult r = mp::calibrate(metric, macs, model, target, mp::HardwareFingerprint::of(options));
  if (!r.feasible) {
    std::cerr << "scmp calibrate: --target = " << target_text << ": not reachable: all rows at the shortest level ("
              << levels.back() << ") average " << r.expected_avg_stoc_len << "\n";
    return app::exit_failed;
  }

  std::ostringstream out;
  out << std::setprecision(6) << "# scmp calibrate " << inputs[0] << " --op " << op->name << " --levels " << levels_text
      << " --target " << target_text << "\n# metric " << metric_name << "; MAC-weighted average stream length "
      << r.realised_avg_stoc_len << " (target " << r.target_avg_stoc_len << "); predicted squared error "
      << r.realised_error << "\n# measured mse per level " << flow_list(model.mse) << "\n"
      << "mp: {impl: quantile, levels: " << flow_list(r.levels) << ", fractions: " << flow_list(r.fractions) << "}\n";
  if (output.empty()) {
    std::cout << out.str();
  } else {
    std::ofstream f(output);
    if (!(f << out.str())) throw InvalidArgument("--output", output, "cannot write this file");
    std::cout << "scmp calibrate: " << output << "\n";
  }
  return app::exit_ok;
}

}  // namespace

SCMP_COMMAND(calibrate, "choose per-row stream lengths that meet an average-length budget (prints an mp: section)", run);
