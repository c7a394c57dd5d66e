"""Tiny layer over fpdf2 for the house styles."""
from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = {
    "sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    "lib": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    "cond": ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
}


class Doc(FPDF):
    def __init__(self, font="sans", head=None, foot=None, size=10, title=""):
        super().__init__(format="A4")
        self.fam = font
        reg, bold = FONTS[font]
        self.add_font(font, "", reg)
        self.add_font(font, "B", bold)
        self.head_text = head
        self.foot_text = foot
        self.base = size
        self.set_title(title)
        self.set_author("")
        self.set_creator("DocGen")
        self.set_creation_date(__import__("datetime").datetime(2024, 4, 1, 9, 0, tzinfo=__import__("datetime").timezone.utc))
        self.set_auto_page_break(True, margin=20)
        self.set_margins(18, 20, 18)
        self.alias_nb_pages()
        self.add_page()
        self.set_font(font, "", size)

    def header(self):
        if self.head_text:
            self.set_font(self.fam, "", 7.5)
            self.set_text_color(90, 90, 90)
            self.set_y(8)
            self.cell(0, 4, self.head_text, align="R")
            self.set_draw_color(150, 150, 150)
            self.line(18, 13, 192, 13)
            self.set_text_color(0, 0, 0)
            self.set_y(20)
            self.set_font(self.fam, "", self.base)

    def footer(self):
        if self.foot_text:
            self.set_y(-14)
            self.set_font(self.fam, "", 7.5)
            self.set_text_color(90, 90, 90)
            self.cell(0, 4, self.foot_text.replace("{p}", str(self.page_no())), align="C")
            self.set_text_color(0, 0, 0)
            self.set_font(self.fam, "", self.base)

    # content helpers
    def heading(self, text, size=None, gap=2):
        self.set_font(self.fam, "B", size or self.base + 3)
        self.multi_cell(0, (size or self.base + 3) * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)
        self.set_font(self.fam, "", self.base)

    def para(self, text, gap=2.5, size=None, bold=False):
        self.set_font(self.fam, "B" if bold else "", size or self.base)
        self.multi_cell(0, (size or self.base) * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)
        self.set_font(self.fam, "", self.base)

    def bullets(self, items, mark="\u2022", gap=1.2):
        for it in items:
            x = self.l_margin
            self.set_x(x)
            self.cell(5, self.base * 0.5, mark)
            self.multi_cell(0, self.base * 0.5, it, new_x="LMARGIN", new_y="NEXT")
            self.ln(gap)
        self.ln(1.5)

    def tab(self, rows, widths=None, borders="ALL", header=True, size=None, align="LEFT", lh=None):
        self.set_font(self.fam, "", size or self.base - 1)
        kw = dict(borders_layout=borders, text_align=align, line_height=lh or (size or self.base - 1) * 0.55,
                  first_row_as_headings=header, headings_style=FontFace(emphasis="BOLD"))
        if widths:
            kw["col_widths"] = widths
        with super().table(**kw) as t:
            for r in rows:
                row = t.row()
                for c in r:
                    row.cell(c)
        self.ln(3)
        self.set_font(self.fam, "", self.base)

    def two_columns(self, left_paras, right_paras, size=None, gutter=8):
        """left_paras and right_paras: lists of (text, bold)"""
        self.set_font(self.fam, "", size or self.base)
        with self.text_columns(ncols=2, gutter=gutter, text_align="LEFT", line_height=1.15) as cols:
            for i, paras in enumerate((left_paras, right_paras)):
                if i == 1:
                    cols.new_column()
                for text, bold in paras:
                    self.set_font(self.fam, "B" if bold else "", size or self.base)
                    cols.write(text=text)
                    cols.ln()
                    cols.ln()
        self.set_font(self.fam, "", self.base)

    def flow_columns(self, paras, size=None, gutter=8):
        self.set_font(self.fam, "", size or self.base)
        with self.text_columns(ncols=2, gutter=gutter, text_align="LEFT", line_height=1.15, balance=True) as cols:
            for text, bold in paras:
                self.set_font(self.fam, "B" if bold else "", size or self.base)
                cols.write(text=text)
                cols.ln()
                cols.ln()
        self.set_font(self.fam, "", self.base)

    def bytes(self):
        return bytes(self.output())
