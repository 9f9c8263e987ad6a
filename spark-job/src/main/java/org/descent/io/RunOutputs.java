package org.descent.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What {@code descent train --out DIR} writes besides the model: {@code metrics.jsonl} (a record
 * per logged step and per epoch) and {@code summary.json}. Records are kept in memory (one per
 * logged step) and each file is written once, atomically, at the end of the run.
 */
public final class RunOutputs {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final List<Map<String, Object>> records = new ArrayList<>();

  /** Adds a metrics record; NaN and infinite numbers become null (JSON has no NaN). */
  public void add(Map<String, Object> record) {
    records.add(clean(record));
  }

  public void writeMetrics(String dir, Configuration conf) {
    HadoopFiles.writeAtomically(
        new Path(dir, "metrics.jsonl"),
        conf,
        out -> {
          for (Map<String, Object> r : records) {
            out.write(JSON.writeValueAsBytes(r));
            out.write('\n');
          }
        });
  }

  public static void writeSummary(String dir, Map<String, Object> summary, Configuration conf) {
    HadoopFiles.writeAtomically(
        new Path(dir, "summary.json"),
        conf,
        out ->
            out.write(
                JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(clean(summary))
                    .getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> clean(Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach(
        (k, v) -> {
          if (v instanceof Double d && !Double.isFinite(d)) {
            out.put(k, null);
          } else if (v instanceof Map<?, ?> m) {
            out.put(k, clean((Map<String, Object>) m));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }
}
