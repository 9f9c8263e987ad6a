package org.descent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Checks on rendered report pages shared by the report and CLI tests. */
public final class ReportPages {
  private static final Pattern IMG = Pattern.compile("<img alt=\"[^\"]*\" src=\"([^\"]*)\">");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private ReportPages() {}

  /** Every embedded image, decoded; fails unless each is a {@code data:image/png} PNG. */
  public static List<BufferedImage> images(String html) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      String src = m.group(1);
      String prefix = "data:image/png;base64,";
      assertEquals(prefix, src.substring(0, Math.min(src.length(), prefix.length())), "img src");
      byte[] png = Base64.getDecoder().decode(src.substring(prefix.length()));
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), "PNG signature");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertNotNull(image, "ImageIO cannot decode an embedded PNG");
      images.add(image);
    }
    return images;
  }

  /** Distinct colours of an image: a chart has many, a blank one only its background. */
  public static int colours(BufferedImage image) {
    return (int)
        Arrays.stream(
                image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))
            .distinct()
            .count();
  }

  /** The ids of the page's sections, in order. */
  public static List<String> sectionIds(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("<section id=\"([^\"]+)\">").matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
