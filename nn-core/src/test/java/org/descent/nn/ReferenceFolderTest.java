package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.descent.nn.reference.ReferenceDirectory;
import org.descent.nn.reference.ReferenceFile;
import org.junit.jupiter.api.Test;

/**
 * The folder named by {@code descent.reference.dir} holds only fixture kinds some module checks: a
 * file of a new kind fails the run instead of being silently skipped.
 */
class ReferenceFolderTest {

  @Test
  void everyFixtureIsOfAKindThatIsChecked() {
    List<ReferenceFile> unknown = ReferenceDirectory.unknownKinds();
    assertTrue(
        unknown.isEmpty(),
        () ->
            "fixtures of a kind nothing checks: "
                + unknown.stream().map(f -> f.name() + " (" + f.kind() + ")").toList());
  }

  @Test
  void folderIsNotEmptyAndReportsWhatItHolds() {
    Map<String, Integer> perKind = new TreeMap<>();
    for (ReferenceFile f : ReferenceDirectory.all()) {
      perKind.merge(
          f.kind() + " → " + ReferenceDirectory.KIND_OWNERS.get(f.kind()), 1, Integer::sum);
    }
    System.out.println("reference folder " + ReferenceDirectory.location() + ": " + perKind);
    assertFalse(perKind.isEmpty(), "no *.json fixtures in " + ReferenceDirectory.location());
  }
}
