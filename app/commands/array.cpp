// `scmp array`: the systolic-array model of one or more layers, one JSON object per layer on stdout — the
// numbers a sweep stores per operator, without a sweep (and what the SCALE-Sim validation test compares).
//   scmp array --set rows=32 --set dataflow=ws --gemm 64,768,768 --conv 56,56,3,3,64,64,1 [--stoc-len 64]
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "experiments/array_model.hpp"
#include "experiments/experiment_config.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

std::vector<std::int64_t> parse_dims(const std::string& option, const std::string& text, std::size_t count) {
  std::vector<std::int64_t> out;
  std::stringstream ss(text);
  std::string item;
  const std::string expected = "expected " + std::to_string(count) + " comma-separated positive integers";
  while (std::getline(ss, item, ',')) {
    if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) throw InvalidArgument(option, text, expected);
    const std::int64_t v = std::stoll(item);
    if (v < 1) throw InvalidArgument(option, text, expected);
    out.push_back(v);
  }
  if (out.size() != count || text.back() == ',') throw InvalidArgument(option, text, expected);
  return out;
}

int run_array(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("help", "this text")
      ("set", po::value<std::vector<std::string>>()->composing(), "array key=value (docs/CONFIG.md, array section); repeatable")
      ("gemm", po::value<std::vector<std::string>>()->composing(), "M,N,K: y (M×N) = a (M×K) · bᵀ (b: N×K); repeatable")
      ("conv", po::value<std::vector<std::string>>()->composing(), "ih,iw,fh,fw,channels,filters,stride (lowered to a GEMM); repeatable")
      ("stoc-len", po::value<std::string>()->default_value("1"), "uniform stream length L of every MAC (mac=sc)")
      ("fields-markdown", "print the array keys as the Markdown table of docs/CONFIG.md and exit")
      ("section", po::value<std::string>()->default_value("array"), "with --fields-markdown: array | hardware | workload");
  po::variables_map vm;
  try {
    const po::positional_options_description none;
    po::store(po::command_line_parser(args).options(desc).positional(none).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw InvalidArgument("options", "", std::string(e.what()) + " (see scmp array --help)");
  }
  if (vm.count("help") != 0) {
    std::cout << "scmp array: cycles, traffic and latency of layers on the array\n" << desc;
    return scmp::app::exit_ok;
  }
  if (vm.count("fields-markdown") != 0) {
    const std::string section = vm["section"].as<std::string>();
    if (section == "array") std::cout << scmp::experiments::array_fields_markdown();
    else if (section == "hardware") std::cout << scmp::experiments::hardware_fields_markdown();
    else if (section == "workload") std::cout << scmp::experiments::workload_fields_markdown();
    else throw InvalidArgument("--section", section, "expected array | hardware | workload");
    return scmp::app::exit_ok;
  }
  YAML::Node node(YAML::NodeType::Map);
  if (vm.count("set") != 0) {
    for (const auto& kv : vm["set"].as<std::vector<std::string>>()) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw InvalidArgument("--set", kv, "expected key=value");
      node[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  const scmp::experiments::SourceMap no_sources;
  const auto array = scmp::experiments::read_array(scmp::experiments::ConfigReader(node, "array", no_sources));
  const int L = static_cast<int>(parse_dims("--stoc-len", vm["stoc-len"].as<std::string>(), 1)[0]);
  if (L > 65536) throw InvalidArgument("--stoc-len", std::to_string(L), "expected 1..65536");
  std::vector<scmp::experiments::LayerShape> layers;
  if (vm.count("gemm") != 0) {
    for (const auto& t : vm["gemm"].as<std::vector<std::string>>()) {
      const auto d = parse_dims("--gemm", t, 3);
      layers.push_back(scmp::experiments::LayerShape::gemm(d[0], d[1], d[2]));
    }
  }
  if (vm.count("conv") != 0) {
    for (const auto& t : vm["conv"].as<std::vector<std::string>>()) {
      const auto d = parse_dims("--conv", t, 7);
      if (d[2] > d[0] || d[3] > d[1]) throw InvalidArgument("--conv", t, "expected a filter no larger than the input");
      layers.push_back(scmp::experiments::LayerShape::conv(d[0], d[1], d[2], d[3], d[4], d[5], d[6]));
    }
  }
  if (layers.empty()) throw InvalidArgument("--gemm", "(missing)", "expected at least one --gemm or --conv layer");
  for (const auto& l : layers) {
    const std::vector<int> la(static_cast<std::size_t>(l.M), L), lb(static_cast<std::size_t>(l.N), L);
    const auto r = scmp::experiments::simulate_array(array, l, la, lb);
    std::printf(
        "{\"M\": %lld, \"N\": %lld, \"K\": %lld, \"folds\": %lld, \"compute_cycles\": %lld, \"stall_cycles\": %lld, "
        "\"total_cycles\": %lld, \"utilization\": %.17g, \"mapping_efficiency\": %.17g, \"ifmap_sram_reads\": %lld, "
        "\"filter_sram_reads\": %lld, \"ofmap_sram_writes\": %lld, \"ifmap_dram_reads\": %lld, \"filter_dram_reads\": %lld, "
        "\"ofmap_dram_writes\": %lld, \"latency_s\": %.17g, \"macs_per_s\": %.17g}\n",
        static_cast<long long>(l.M), static_cast<long long>(l.N), static_cast<long long>(l.K), static_cast<long long>(r.folds),
        static_cast<long long>(r.compute_cycles), static_cast<long long>(r.stall_cycles), static_cast<long long>(r.total_cycles),
        r.utilization, r.mapping_efficiency, static_cast<long long>(r.ifmap_sram_reads), static_cast<long long>(r.filter_sram_reads),
        static_cast<long long>(r.ofmap_sram_writes), static_cast<long long>(r.ifmap_dram_reads),
        static_cast<long long>(r.filter_dram_reads), static_cast<long long>(r.ofmap_dram_writes), r.latency_s, r.macs_per_s);
  }
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(array, "cycles, memory traffic and latency of GEMM/conv layers on the systolic array (JSON lines)", run_array);
