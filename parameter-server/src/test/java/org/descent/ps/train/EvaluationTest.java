package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Initializer;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.Workspace;
import org.junit.jupiter.api.Test;

/** The (actual, predicted) pair counts of an Evaluation: the confusion matrix, merged. */
class EvaluationTest {

  @Test
  void pairCountsAreTheHandCountAndSurviveMerge() {
    int classes = 4;
    long[][] byHand = new long[classes][classes];
    Evaluation[] parts = {
      Evaluation.countingPairs(classes),
      Evaluation.countingPairs(classes),
      Evaluation.countingPairs(classes)
    };
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      int actual = rng.nextInt(classes);
      int predicted = rng.nextInt(4) == 0 ? rng.nextInt(classes) : actual;
      byHand[actual][predicted]++;
      Evaluation part = parts[i % parts.length];
      part.addLoss(0.5, 1);
      part.addPrediction(predicted, actual);
    }
    // merged into an uncounted, empty total (as a driver-side sum may start) and into a counted one
    Evaluation total = new Evaluation();
    for (Evaluation p : parts) {
      total.merge(p);
    }
    Evaluation other = Evaluation.countingPairs(classes);
    for (Evaluation p : parts) {
      other.merge(p);
    }
    for (Evaluation e : new Evaluation[] {total, other}) {
      assertTrue(Evaluations.hasPairs(e));
      assertEquals(1000, e.rows());
      assertArrayEquals(byHand, e.confusion());
      long diagonal = 0;
      for (int c = 0; c < classes; c++) {
        diagonal += byHand[c][c];
      }
      assertEquals(diagonal / 1000.0, e.accuracy(), 1e-15);
    }
    // merging copies: the parts are as they were
    Evaluation first = Evaluation.countingPairs(classes);
    first.merge(parts[0]);
    assertArrayEquals(parts[0].confusion(), first.confusion());
    assertFalse(total.confusion() == total.confusion(), "a fresh array each call");
  }

  @Test
  void pairsAreCountedOnlyWhenAskedAndNeverMixed() {
    Evaluation plain = new Evaluation();
    plain.addLoss(1, 1);
    plain.addPrediction(1, 0);
    assertFalse(Evaluations.hasPairs(plain));
    assertThrows(IllegalStateException.class, plain::confusion);

    Evaluation counted = Evaluation.countingPairs(2);
    counted.addLoss(1, 1);
    counted.addPrediction(1, 0);
    assertThrows(IllegalArgumentException.class, () -> counted.merge(plain));
    assertThrows(IllegalArgumentException.class, () -> plain.merge(counted));
    assertThrows(IllegalArgumentException.class, () -> counted.merge(Evaluation.countingPairs(3)));
    assertEquals(1, counted.rows(), "a refused merge leaves the sums alone");
    assertEquals(1, plain.rows());
    assertThrows(IllegalArgumentException.class, () -> Evaluation.countingPairs(0));
  }

  @Test
  void localEvaluationOfASparseBlockCountsTheDensePredictions() {
    Network net = new Network(SparseTrainingTest.SPEC);
    float[] params = Initializer.initialParameters(SparseTrainingTest.SPEC, 11);
    float[] state = new float[net.layout().stateSize()];
    Dataset d = SparseTrainingTest.data(1100, 4); // two chunks of at most 1024 rows
    long[][] byHand = new long[3][3];
    Workspace ws = net.workspace(d.rows());
    net.forward(params, state, Minibatch.of(d.features(), 0, d.rows()), ws);
    for (int r = 0; r < d.rows(); r++) {
      byHand[(int) d.targets()[r]][net.predictedClass(ws, r)]++;
    }
    int predictedClasses = 0;
    for (int p = 0; p < 3; p++) {
      long column = byHand[0][p] + byHand[1][p] + byHand[2][p];
      predictedClasses += column > 0 ? 1 : 0;
    }
    assertTrue(predictedClasses > 1, "a single predicted class proves little");

    FeatureScaling none = FeatureScaling.none(1);
    Evaluation sparse =
        LocalTrainer.evaluate(net, params, state, SparseBlocks.sparseOf(d), none, true);
    Evaluation dense = LocalTrainer.evaluate(net, params, state, DataBlock.of(d), none, true);
    assertArrayEquals(byHand, sparse.confusion());
    assertArrayEquals(byHand, dense.confusion());
    assertEquals(dense.accuracy(), sparse.accuracy());
    assertFalse(
        Evaluations.hasPairs(LocalTrainer.evaluate(net, params, state, DataBlock.of(d), none)),
        "the per-epoch evaluation does not count pairs");
  }
}
