package org.omnireward.explore;

import java.util.Locale;

/**
 * How an item's parts appear on every page that shows one (a run's sample, a data item, an annotation):
 * prompt and criterion as escaped text, media as players that load from {@code /media/{ord}/{slot}}
 * (images and 3D renders as images, video and audio with controls), responses side by side.
 */
final class ItemView {

    private ItemView() {}

    /** The prompt, its input media and (unless null) the criterion. */
    static String promptAndCriterion(Item item, boolean withCriterion) {
        StringBuilder h = new StringBuilder("<section class=\"prompt\">\n<h2>Prompt</h2>\n");
        h.append("<div class=\"text\" data-field=\"prompt\">")
                .append(Markup.text(item.prompt()))
                .append("</div>\n");
        for (int i = 0; i < item.inputs().size(); i++) {
            h.append(media(item, "in" + i, "input " + item.inputs().get(i).type()));
        }
        h.append("</section>\n");
        if (withCriterion) {
            h.append("<section class=\"criterion\">\n<h2>Criterion</h2>\n<div class=\"text\" data-field=\"criteria\">")
                    .append(Markup.text(item.criteria()))
                    .append("</div>\n</section>\n");
        }
        return h.toString();
    }

    /**
     * Two responses side by side.
     *
     * @param first the slot shown first ({@code r1} or {@code r2})
     * @param headings the two headings, e.g. "Response 1", "Response 2" or "A", "B"
     */
    static String responses(Item item, String first, String[] headings, String[] notes) {
        String second = first.equals("r1") ? "r2" : "r1";
        StringBuilder h = new StringBuilder("<section class=\"responses\">\n");
        String[] slots = {first, second};
        for (int k = 0; k < 2; k++) {
            h.append("<article class=\"response\" data-slot=\"")
                    .append(slots[k])
                    .append("\">\n<h2>")
                    .append(Markup.text(headings[k]))
                    .append("</h2>\n");
            if (notes != null && notes[k] != null) {
                h.append("<p class=\"note\">").append(Markup.text(notes[k])).append("</p>\n");
            }
            String text = slots[k].equals("r1") ? item.response1() : item.response2();
            if (text != null) {
                h.append("<div class=\"text\" data-field=\"response\">")
                        .append(Markup.text(text))
                        .append("</div>\n");
            } else {
                Item.Media m = item.media(slots[k]);
                h.append(m == null ? "<p class=\"missing\">no response</p>\n" : media(item, slots[k], m.type()));
            }
            h.append("</article>\n");
        }
        return h.append("</section>\n").toString();
    }

    /** One media item as the browser's own element for its kind. */
    static String media(Item item, String slot, String caption) {
        Item.Media m = item.media(slot);
        if (m == null) {
            return "";
        }
        String src = "/media/" + item.ord() + "/" + slot;
        String type = m.type().toLowerCase(Locale.ROOT);
        String name = Markup.text(m.name());
        StringBuilder h = new StringBuilder("<figure class=\"media ")
                .append(Markup.text(type))
                .append("\">");
        switch (type) {
            case "video" ->
                h.append("<video controls preload=\"auto\" src=\"").append(src).append("\"></video>");
            case "audio" ->
                h.append("<audio controls preload=\"auto\" src=\"").append(src).append("\"></audio>");
            case "3d" -> {
                if (isRenderImage(m.name())) {
                    h.append("<a href=\"")
                            .append(src)
                            .append("\"><img src=\"")
                            .append(src)
                            .append("\" alt=\"3D views (multi-view render) ")
                            .append(name)
                            .append("\"></a>");
                } else {
                    h.append("<p><a href=\"")
                            .append(src)
                            .append("\" download>")
                            .append(name)
                            .append("</a>: a 3D file; this page shows 3D objects as their multi-view render images"
                                    + " only.</p>");
                }
            }
            default ->
                h.append("<a href=\"")
                        .append(src)
                        .append("\"><img src=\"")
                        .append(src)
                        .append("\" alt=\"")
                        .append(Markup.text(caption))
                        .append(' ')
                        .append(name)
                        .append("\"></a>");
        }
        h.append("<figcaption>")
                .append(Markup.text(caption.equals("3d") ? "3D views (multi-view render)" : caption))
                .append(" · <span class=\"path\">")
                .append(name)
                .append("</span>")
                .append(m.embedded() ? " (embedded)" : "")
                .append("</figcaption></figure>\n");
        return h.toString();
    }

    private static boolean isRenderImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !(n.endsWith(".glb")
                || n.endsWith(".gltf")
                || n.endsWith(".obj")
                || n.endsWith(".ply")
                || n.endsWith(".stl")
                || n.endsWith(".fbx"));
    }
}
