package org.descent.data;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Lines of text files from any Hadoop file system, split as Hadoop splits them (compressed files
 * whole), each line with its file and byte offset, parsed into records.
 */
final class TextLines {
  private TextLines() {}

  /** Parses one line; returns null for lines that hold no record (blank, header). */
  interface LineParser extends Serializable {
    Example parse(String file, long offset, String line);
  }

  static JavaRDD<Example> read(
      JavaSparkContext sc, List<FileStatus> files, Configuration conf, LineParser parser) {
    InputFiles.probeCompressed(files, conf);
    Job job;
    try {
      job = Job.getInstance(conf);
      FileInputFormat.setInputPaths(
          job, files.stream().map(FileStatus::getPath).toArray(Path[]::new));
    } catch (IOException e) {
      throw new DataException("cannot set up the Hadoop input: " + e.getMessage(), e);
    }
    JavaNewHadoopRDD<LongWritable, Text> lines =
        (JavaNewHadoopRDD<LongWritable, Text>)
            sc.newAPIHadoopRDD(
                job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    HadoopConf hadoop = new HadoopConf(sc, conf);
    return lines.mapPartitionsWithInputSplit(
        (split, it) -> {
          String file = ((FileSplit) split).getPath().toString();
          return new GuardedExamples(() -> new Records(file, it, parser, hadoop), file);
        },
        true);
  }

  /** Parses lazily; I/O errors of compressed files become "truncated or damaged" errors. */
  private static final class Records implements Iterator<Example> {
    private final String file;
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final LineParser parser;
    private final HadoopConf hadoop;
    private Example next;

    Records(
        String file,
        Iterator<Tuple2<LongWritable, Text>> lines,
        LineParser parser,
        HadoopConf hadoop) {
      this.file = file;
      this.lines = lines;
      this.parser = parser;
      this.hadoop = hadoop;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        Tuple2<LongWritable, Text> t;
        try {
          if (!lines.hasNext()) {
            return false;
          }
          t = lines.next();
        } catch (Exception e) { // Hadoop's IOException, thrown undeclared through Scala
          if (e instanceof IOException io) {
            throw readError(io);
          }
          throw e;
        }
        next = parser.parse(file, t._1().get(), t._2().toString());
      }
      return true;
    }

    @Override
    public Example next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Example e = next;
      next = null;
      return e;
    }

    private DataException readError(IOException e) {
      boolean compressed =
          new CompressionCodecFactory(hadoop.get()).getCodec(new Path(file)) != null;
      return compressed
          ? InputFiles.truncated(file, e)
          : new DataException(file + ": cannot read it (" + e + ")", e);
    }
  }
}
