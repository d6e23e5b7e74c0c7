// `scmp merge`: every input checked in a child process, the merge itself run in another, written under a
// temporary name and published only when complete (a corrupt input never leaves a partial output).
#include <H5Cpp.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "experiments/atomic_output.hpp"
#include "experiments/contained.hpp"
#include "experiments/results_file.hpp"
#include "experiments/results_layout.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

namespace {

using namespace layout;

// Writes the merge of `inputs` (already checked, same sweep) to the new file `temp`.
void write_merged(const std::vector<std::string>& inputs, const std::string& temp) {
  const H5Reader first(inputs[0]);
  const CheckedIndex first_index = read_checked_index(first);
  const Layout& lay = first_index.layout;
  H5::H5File out(temp, H5F_ACC_EXCL);
  for (const auto& name : first.attribute_names("/")) {
    if (first.attr_is_string("/", name)) write_string_attr(out, name, first.string_attr("/", name).value_or(""));
    else write_int_attr(out, name, first.int_attr("/", name).value_or(0));
  }
  write_string_attr(out, "merged_from", join_lines(inputs));
  const hsize_t dims[1] = {0}, maxdims[1] = {H5S_UNLIMITED}, chunk[1] = {64};
  H5::DataSpace space(1, dims, maxdims);
  H5::DSetCreatPropList plist;
  plist.setChunk(1, chunk);
  H5::DataSet index = out.createDataSet("index", lay.type, space, plist);
  for (const auto& name : first.attribute_names("index")) write_string_attr(index, name, first.string_attr("index", name).value_or(""));
  H5::Group runs = out.createGroup("runs");
  std::set<std::string> seen_hashes, copied;
  std::vector<char> rows;
  std::size_t written = 0;
  // Pass 1: ok rows (first occurrence of each hash); pass 2: failed rows of hashes that never succeeded.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& in : inputs) {
      const H5Reader f(in);
      const CheckedIndex ci = read_checked_index(f);
      for (std::size_t r = 0; r < ci.rows; ++r) {
        const std::string hash = ci.text(r, "config_hash", kHashLen);
        const std::string status = ci.text(r, "status", kStatusLen);
        const std::string id = ci.text(r, "run_id", kRunIdLen);
        if ((pass == 0) != (status == "ok")) continue;
        if (!seen_hashes.insert(hash).second) continue;
        if (!valid_group_name(id)) f.fail("index", "run_id '" + id + "'", "not a valid run id");
        if (f.is_group("runs/" + id) && copied.insert(id).second) {
          if (H5Ocopy(f.file_id(), ("runs/" + id).c_str(), out.getId(), ("runs/" + id).c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
            f.fail("runs/" + id, "<uncopyable>", "cannot copy the run group (corrupt file?)");
          }
        }
        rows.insert(rows.end(), ci.bytes.begin() + static_cast<std::ptrdiff_t>(r * lay.size),
                    ci.bytes.begin() + static_cast<std::ptrdiff_t>((r + 1) * lay.size));
        ++written;
      }
    }
  }
  const hsize_t n[1] = {written};
  index.extend(n);
  if (written > 0) index.write(rows.data(), lay.type);
  out.flush(H5F_SCOPE_GLOBAL);
  out.close();
}

}  // namespace

std::size_t merge_results(const std::vector<std::string>& inputs, const std::string& output, bool replace) {
  H5::Exception::dontPrint();
  quiet_hdf5();
  if (inputs.empty()) throw sim::InvalidArgument("inputs", "none", "expected at least one shard file");
  check_output_path(output, replace);
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(in, output, ec)) throw sim::InvalidArgument("input", in, "is also the output " + output);
  }
  for (const auto& in : inputs) run_contained([&] { check_results_file(in); }, "input", in);
  // The inputs open safely now; they must be shards of one sweep.
  std::string resolved;
  H5Handle type;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const H5Reader f(inputs[i]);
    const std::string r = f.string_attr("/", "resolved_yaml").value_or("");
    H5Handle t = f.compound_type("index");
    if (i == 0) {
      resolved = r;
      type = std::move(t);
    } else if (r != resolved || H5Tequal(t.id(), type.id()) <= 0) {
      throw sim::InvalidArgument("input", inputs[i], "a different sweep (resolved configuration or axes differ from " + inputs[0] + ")");
    }
  }
  const std::string temp = temp_path_for(output);
  try {
    run_contained(
        [&] {
          try {
            write_merged(inputs, temp);
          } catch (const H5::Exception& e) {
            throw sim::InvalidArgument("output", output, "merge failed (" + e.getDetailMsg() + ")");
          }
        },
        "inputs", join_lines(inputs));
  } catch (...) {
    ::unlink(temp.c_str());  // ours (unique name, created exclusively by the child)
    throw;
  }
  std::size_t rows = 0;
  try {
    rows = read_checked_index(H5Reader(temp)).rows;
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  publish(temp, output, replace);
  return rows;
}

}  // namespace scmp::experiments
