// `scmp rng`: prints the first N values of one RNG (optionally through a bit-permutation scramble), one per
// line — the quickest way to check a generator against the reference's sequences.
#include <boost/program_options.hpp>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "sim/error.hpp"
#include "sim/rng/rng.hpp"
#include "sim/sng/scramble.hpp"

namespace po = boost::program_options;
using scmp::sim::InvalidArgument;

namespace {

constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 28;

std::uint64_t parse_uint(const std::string& option, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  const std::string expected = "expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 20) {
    throw InvalidArgument(option, text, expected);
  }
  std::uint64_t v = 0;
  try {
    v = std::stoull(text);
  } catch (const std::exception&) {
    throw InvalidArgument(option, text, expected);
  }
  if (v < lo || v > hi) throw InvalidArgument(option, text, expected);
  return v;
}

// "1,2,3" → {1,2,3}; every element checked like parse_uint.
std::vector<std::uint64_t> parse_list(const std::string& option, const std::string& text, std::uint64_t hi) {
  std::vector<std::uint64_t> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      out.push_back(parse_uint(option, item, 0, hi));
    } catch (const InvalidArgument&) {
      throw InvalidArgument(option, text, "expected a comma-separated list of integers in 0.." + std::to_string(hi));
    }
  }
  if (out.empty() || text.back() == ',') {
    throw InvalidArgument(option, text, "expected a comma-separated list of integers in 0.." + std::to_string(hi));
  }
  return out;
}

// The library names parameters by config key ("lfsr.seed", "sobol.seed[2]"); the user typed options.
[[noreturn]] void rethrow_as_option(const InvalidArgument& e) {
  const std::string& field = e.field();
  const std::string key = field.substr(field.find('.') == std::string::npos ? 0 : field.find('.') + 1);
  std::string option = "--" + key.substr(0, key.find('['));
  if (field == "rng.kind") option = "--kind";
  for (auto& c : option) c = c == '_' ? '-' : c;
  const std::string prefix = field + " = " + e.value() + ": ";
  std::string expected = e.what();
  if (expected.rfind(prefix, 0) == 0) expected = expected.substr(prefix.size());
  throw InvalidArgument(option, e.value(), expected + " [" + field + "]");
}

std::string usage_text(const po::options_description& desc) {
  std::ostringstream os;
  os << "usage: scmp rng --kind KIND [options]\n"
        "Prints the first --count values of one RNG, one per line (simulate(): reset, then one value per cycle).\n\n"
     << desc;
  return os.str();
}

int run_rng(const std::vector<std::string>& args) {
  po::options_description desc("options");
  const std::string kind_names = scmp::sim::rng_registry().names_text(" | ");  // from the registry (scmp list rng)
  // Every value is read as text and parsed here, so bad input names the option and the value.
  // clang-format off
  desc.add_options()
      ("help,h", "print this help")
      ("kind", po::value<std::string>(), kind_names.c_str())
      ("bits", po::value<std::string>()->default_value("8"), "register width p (lfsr kinds 3..24, others 1..16)")
      ("count", po::value<std::string>(), "number of values (default 2^bits, the reference's simulate())")
      ("seed-type", po::value<std::string>(), "sobol: default direction numerators, q or k (default q)")
      ("seed", po::value<std::string>(),
       "sobol: comma-separated direction numerators (p of them); lfsr kinds: initial state 1..2^p-1 (default 1); "
       "prng / true_random: integer seed (default 1)")
      ("taps", po::value<std::string>(), "lfsr kinds: tap positions, e.g. 7,2,1,0 (default: first maximal set)")
      ("allow-non-maximal", po::bool_switch(), "lfsr kinds: accept tap sets whose period is not 2^p - 1")
      ("scramble", po::value<std::string>(),
       "wire the output through a bit permutation: reverse, or a list (output bit i = RNG bit list[i])");
  // clang-format on

  po::variables_map vm;
  try {
    const po::positional_options_description no_positionals;  // a stray word is an error, not ignored
    po::store(po::command_line_parser(args).options(desc).positional(no_positionals).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw InvalidArgument("option", e.get_option_name(), "unknown option (see scmp rng --help)");
  } catch (const po::error& e) {
    std::string all;
    for (const auto& a : args) all += (all.empty() ? "" : " ") + a;
    throw InvalidArgument("options", all, std::string(e.what()) + " (see scmp rng --help)");
  }
  if (vm.count("help") != 0) {
    std::cout << usage_text(desc);
    return scmp::app::exit_ok;
  }
  if (vm.count("kind") == 0) {
    throw InvalidArgument("--kind", "(missing)", "expected one of " + scmp::sim::rng_registry().names_text());
  }

  scmp::sim::RngSpec spec;
  spec.kind = vm["kind"].as<std::string>();
  spec.bits = static_cast<int>(parse_uint("--bits", vm["bits"].as<std::string>(), 1, 32));
  const bool is_lfsr = spec.kind == "lfsr" || spec.kind == "lfsr_galois";
  const bool is_sobol = spec.kind == "sobol";
  auto only_for = [&](const char* option, bool allowed, const std::string& kinds) {
    if (vm.count(option) != 0 && !vm[option].defaulted() && allowed == false) {
      throw InvalidArgument(std::string("--") + option, vm[option].as<std::string>(),
                            "only meaningful for --kind " + kinds + " (got --kind " + spec.kind + ")");
    }
  };
  only_for("seed-type", is_sobol, "sobol");
  only_for("taps", is_lfsr, "lfsr or lfsr_galois");
  only_for("seed", spec.kind != "ramp", "sobol, lfsr, lfsr_galois, prng or true_random");
  if (vm["allow-non-maximal"].as<bool>() && !is_lfsr) {
    throw InvalidArgument("--allow-non-maximal", "set", "only meaningful for --kind lfsr or lfsr_galois");
  }

  if (vm.count("seed-type") != 0) spec.seed_type = vm["seed-type"].as<std::string>();
  if (vm.count("seed") != 0) {
    const std::string text = vm["seed"].as<std::string>();
    if (is_sobol) {
      for (auto s : parse_list("--seed", text, 0xFFFFFFFFull)) spec.sobol_seed.push_back(static_cast<std::uint32_t>(s));
    } else {
      spec.seed = parse_uint("--seed", text, 0, ~std::uint64_t{0});
    }
  }
  if (vm.count("taps") != 0) {
    for (auto t : parse_list("--taps", vm["taps"].as<std::string>(), 31)) spec.taps.push_back(static_cast<int>(t));
  }
  spec.require_maximal = !vm["allow-non-maximal"].as<bool>();

  std::unique_ptr<scmp::sim::IRng> rng;
  try {
    rng = scmp::sim::make_rng(spec);
  } catch (const InvalidArgument& e) {
    rethrow_as_option(e);
  }

  std::vector<int> perm;
  bool scrambled = false;
  if (vm.count("scramble") != 0) {
    const std::string text = vm["scramble"].as<std::string>();
    scrambled = true;
    if (text == "reverse") {
      perm = scmp::sim::reverse_permutation(spec.bits);
    } else {
      std::vector<std::uint64_t> list;
      try {
        list = parse_list("--scramble", text, 31);
      } catch (const InvalidArgument&) {
        throw InvalidArgument("--scramble", text, "expected reverse or a comma-separated list of bit positions");
      }
      for (auto b : list) perm.push_back(static_cast<int>(b));
      scmp::sim::validate_permutation("--scramble", perm, spec.bits);
    }
  }

  const std::uint64_t count = vm.count("count") != 0
                                  ? parse_uint("--count", vm["count"].as<std::string>(), 1, kMaxCount)
                                  : std::min<std::uint64_t>(std::uint64_t{1} << spec.bits, kMaxCount);
  rng->reset();
  std::string out;
  out.reserve(1 << 16);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint32_t v = rng->next();
    if (scrambled) v = scmp::sim::permute_bits(v, perm);
    out += std::to_string(v);
    out += '\n';
    if (out.size() > (1 << 16) - 16) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  return scmp::app::exit_ok;
}

}  // namespace

SCMP_COMMAND(rng, "print an RNG's output sequence (sobol, lfsr, lfsr_galois, prng, ramp, true_random)", run_rng);
