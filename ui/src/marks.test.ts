import { describe, expect, it } from "vitest";
import { commonMarks, describeMark, NO_MARKS, withMark } from "./marks";

describe("marks", () => {
  it("names an action in the engine's words, as its undo history does", () => {
    expect(describeMark({ kind: "rating", stars: 4 }, 3)).toBe("Rated 3 items ★★★★");
    expect(describeMark({ kind: "rating", stars: 0 }, 1)).toBe("Cleared the rating of 1 item");
    expect(describeMark({ kind: "label", label: "red" }, 2)).toBe("Labelled 2 items red");
    expect(describeMark({ kind: "label", label: null }, 2)).toBe("Cleared the label of 2 items");
    expect(describeMark({ kind: "flag", flag: "pick" }, 1)).toBe("Picked 1 item");
    expect(describeMark({ kind: "flag", flag: "reject" }, 1)).toBe("Rejected 1 item");
    expect(describeMark({ kind: "flag", flag: null }, 1200)).toBe("Unflagged 1200 items");
  });

  it("sets one mark and keeps the others", () => {
    const marks = { rating: 3, label: "blue" as const, flag: "pick" as const };
    expect(withMark(marks, { kind: "rating", stars: 0 })).toEqual({ ...marks, rating: 0 });
    expect(withMark(marks, { kind: "label", label: null })).toEqual({ ...marks, label: null });
    expect(withMark(marks, { kind: "flag", flag: "reject" })).toEqual({ ...marks, flag: "reject" });
  });

  it("finds what several items share, and nothing for none", () => {
    const a = { rating: 3, label: "red" as const, flag: "pick" as const };
    const b = { rating: 3, label: "red" as const, flag: null };
    expect(commonMarks([a, b])).toEqual({ rating: 3, label: "red", flag: null });
    expect(commonMarks([a, { ...b, rating: 2, label: "green" }])).toEqual(NO_MARKS);
    expect(commonMarks([])).toEqual(NO_MARKS);
  });
});
