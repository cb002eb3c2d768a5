# ruff: noqa: E501 - a table of drawings and SVG templates read best one to a line
"""Draw the exercise illustrations: simple stick figures, one SVG per exercise key.

Made for this project (not traced from any source) and distributed under the project's
own licence, recorded in each file and in frontend/public/exercises/LICENSE.md. Run
`python scripts/draw_exercises.py` after adding an exercise; the protocol schema test
fails while an exercise has no drawing.
"""

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "frontend" / "public" / "exercises"
INK, KIT, CUE = "#0f5c4d", "#6b7780", "#b36b00"
FLOOR = 170

# Poses as joints on a 320 x 200 canvas: head, neck, hip, one leg (knee, ankle, toe), the
# other leg, and two arms (elbow, hand). Lying poses have the head on the left.
LYING = {
    "head": (50, 156),
    "neck": (68, 160),
    "hip": (150, 160),
    "a": [(200, 160), (250, 160), (254, 146)],
    "b": [(200, 160), (250, 160), (254, 146)],
    "arms": [[(105, 164), (135, 165)]] * 2,
}
KNEES_BENT = {
    **LYING,
    "a": [(195, 122), (232, 164), (250, 166)],
    "b": [(195, 122), (232, 164), (250, 166)],
}
BRIDGE = {
    "head": (50, 158),
    "neck": (70, 158),
    "hip": (150, 122),
    "a": [(198, 112), (228, 164), (246, 166)],
    "b": [(198, 112), (228, 164), (246, 166)],
    "arms": [[(100, 165), (130, 166)]] * 2,
}
ONE_LEG_BRIDGE = {**BRIDGE, "b": [(196, 108), (252, 92), (262, 80)]}
PRONE = {
    "head": (50, 150),
    "neck": (70, 158),
    "hip": (150, 160),
    "a": [(205, 162), (208, 110), (222, 104)],
    "b": [(205, 162), (255, 162), (266, 166)],
    "arms": [[(70, 140), (45, 128)]] * 2,
}
STAND = {
    "head": (160, 36),
    "neck": (160, 54),
    "hip": (160, 110),
    "a": [(154, 140), (152, 170), (166, 170)],
    "b": [(166, 140), (168, 170), (182, 170)],
    "arms": [[(150, 84), (146, 112)], [(170, 84), (174, 112)]],
}
ONE_LEG = {
    **STAND,
    "b": [(176, 138), (196, 134), (204, 122)],
    "arms": [[(136, 70), (112, 76)], [(184, 70), (208, 76)]],
}
HIGH_KNEE = {
    **STAND,
    "b": [(190, 104), (190, 140), (204, 140)],
    "arms": [[(142, 80), (150, 58)], [(178, 84), (176, 112)]],
}
HINGE = {
    "head": (92, 70),
    "neck": (108, 78),
    "hip": (172, 98),
    "a": [(170, 134), (168, 170), (184, 170)],
    "b": [(176, 134), (176, 170), (192, 170)],
    "arms": [[(110, 102), (114, 128)]] * 2,
}
ONE_LEG_HINGE = {**HINGE, "b": [(214, 92), (256, 88), (262, 74)]}
LUNGE = {
    "head": (160, 40),
    "neck": (160, 58),
    "hip": (160, 114),
    "a": [(204, 128), (206, 170), (222, 170)],
    "b": [(128, 150), (96, 166), (90, 152)],
    "arms": [[(150, 86), (150, 112)], [(170, 86), (170, 112)]],
}
KNEEL = {
    "head": (84, 72),
    "neck": (98, 84),
    "hip": (142, 128),
    "a": [(170, 166), (226, 166), (234, 154)],
    "b": [(170, 166), (226, 166), (234, 154)],
    "arms": [[(84, 108), (70, 130)]] * 2,
}
RUN = {
    "head": (172, 40),
    "neck": (168, 58),
    "hip": (160, 108),
    "a": [(196, 96), (192, 134), (206, 136)],
    "b": [(144, 138), (118, 150), (110, 140)],
    "arms": [[(150, 82), (166, 100)], [(184, 76), (196, 60)]],
}
JUMP = {
    "head": (160, 24),
    "neck": (160, 42),
    "hip": (160, 92),
    "a": [(182, 112), (166, 136), (178, 140)],
    "b": [(138, 112), (150, 136), (162, 140)],
    "arms": [[(140, 56), (126, 38)], [(180, 56), (194, 38)]],
}
SIDE_PLANK = {
    "head": (84, 92),
    "neck": (100, 104),
    "hip": (176, 136),
    "a": [(214, 150), (252, 164), (262, 166)],
    "b": [(214, 150), (252, 164), (262, 166)],
    "arms": [[(100, 164), (128, 166)], [(118, 80), (124, 56)]],
}
SWING = {**STAND, "arms": [[(170, 76), (204, 70)], [(168, 78), (204, 72)]]}


def line(points, colour=INK, width=6):
    path = " ".join(f"{x},{y}" for x, y in points)
    return (
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def figure(p):
    parts = [
        f'<circle cx="{p["head"][0]}" cy="{p["head"][1]}" r="12" fill="#fff" '
        f'stroke="{INK}" stroke-width="5"/>'
    ]
    parts.append(line([p["neck"], p["hip"]]))
    for leg in (p["b"], p["a"]):
        parts.append(line([p["hip"], *leg]))
    for arm in p["arms"]:
        parts.append(line([p["neck"], *arm]))
    return parts


def arrow(x1, y1, x2, y2):
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{CUE}" stroke-width="4" '
        'stroke-linecap="round" marker-end="url(#tip)"/>'
    )


def ball(x, y, r=18):
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="#e8eef0" stroke="{KIT}" stroke-width="3"/>'


def plate(x, y):
    return f'<circle cx="{x}" cy="{y}" r="13" fill="#d5dadd" stroke="{KIT}" stroke-width="3"/>'


def box(x, y, w, h):
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#e8eef0" stroke="{KIT}" stroke-width="3"/>'


def cone(x):
    return f'<polygon points="{x - 8},{FLOOR} {x + 8},{FLOOR} {x},{FLOOR - 18}" fill="{CUE}"/>'


def motion(x, y):
    return "".join(
        f'<line x1="{x - 30}" y1="{y + d}" x2="{x}" y2="{y + d}" stroke="{KIT}" stroke-width="3" '
        'stroke-linecap="round"/>'
        for d in (-12, 0, 12)
    )


KETTLEBELL = (
    '<circle cx="212" cy="80" r="11" fill="#d5dadd" stroke="#6b7780" stroke-width="3"/>'
    '<path d="M205 71 q7 -10 14 0" fill="none" stroke="#6b7780" stroke-width="3"/>'
)

DRAWINGS = {
    "ankle_pumps": (
        LYING,
        [arrow(262, 130, 268, 154)],
        "Lying on your back, point and pull the feet.",
    ),
    "quad_sets": (
        LYING,
        [arrow(200, 128, 200, 150)],
        "Lying on your back, press the back of the knee down.",
    ),
    "hamstring_sets": (
        {**LYING, "a": [(200, 148), (246, 162), (258, 158)]},
        [arrow(236, 130, 244, 154)],
        "Lying down, knee slightly bent, press the heel into the floor.",
    ),
    "core_activation": (
        KNEES_BENT,
        [arrow(110, 128, 110, 150)],
        "Lying on your back, knees bent, draw the belly in gently.",
    ),
    "heel_slides": (
        {**KNEES_BENT, "b": [(205, 150), (255, 164), (268, 166)]},
        [arrow(260, 180, 218, 180)],
        "Lying down, slide one heel towards you and back.",
    ),
    "double_leg_bridge": (
        BRIDGE,
        [arrow(150, 160, 150, 138)],
        "Lift the hips into a bridge on both feet.",
    ),
    "bridge_hold": (BRIDGE, [], "Hold the hips up in a bridge."),
    "heavy_bridge": (
        BRIDGE,
        [line([(126, 112), (174, 112)], KIT, 5), plate(150, 110)],
        "Bridge with a weight across the hips.",
    ),
    "single_leg_bridge_lowering": (
        ONE_LEG_BRIDGE,
        [arrow(136, 112, 136, 150)],
        "Bridge on one leg, then lower slowly.",
    ),
    "ball_curl": (
        {
            **BRIDGE,
            "a": [(202, 108), (236, 134), (246, 130)],
            "b": [(202, 108), (236, 134), (246, 130)],
        },
        [ball(246, 150)],
        "Heels on a ball, hips up, roll the ball in and out.",
    ),
    "single_leg_balance": (ONE_LEG, [], "Stand on one leg and keep steady."),
    "hip_and_core": (SIDE_PLANK, [], "Side plank on the forearm, hips lifted."),
    "assisted_nordic": (
        KNEEL,
        [line([(226, 158), (296, 158)], KIT, 4), arrow(70, 100, 60, 140)],
        "Kneeling, feet held, lean forward slowly with help.",
    ),
    "nordic_hamstring_curl": (
        KNEEL,
        [box(214, 150, 30, 10), arrow(70, 100, 60, 140)],
        "Kneeling, feet held, lower the body forward slowly.",
    ),
    "romanian_deadlift": (
        HINGE,
        [line([(94, 128), (134, 128)], KIT, 5), plate(94, 128), plate(134, 128)],
        "Hinge at the hips with a bar, back straight.",
    ),
    "block_straight_leg_deadlift": (
        HINGE,
        [
            box(80, 142, 70, 28),
            line([(94, 128), (134, 128)], KIT, 5),
            plate(94, 128),
            plate(134, 128),
        ],
        "Lift a bar from blocks, hinging at the hips.",
    ),
    "single_leg_romanian_deadlift": (
        ONE_LEG_HINGE,
        [],
        "Hinge on one leg, the other leg reaching back.",
    ),
    "single_leg_good_morning": (
        {**ONE_LEG_HINGE, "arms": [[(92, 92), (112, 70)]] * 2},
        [line([(86, 68), (126, 84)], KIT, 5)],
        "Hands behind the head or a bar on the back, hinge on one leg.",
    ),
    "lunge": (LUNGE, [], "Step forward into a lunge and push back up."),
    "leg_curl": (PRONE, [box(196, 92, 24, 14)], "Lying face down, bend the knee against a weight."),
    "prone_knee_flexion_hold": (
        PRONE,
        [arrow(238, 100, 220, 106)],
        "Lying face down, hold the knee bent against resistance.",
    ),
    "straight_leg_heel_pull_down_hold": (
        {**LYING, "a": [(200, 150), (250, 138), (258, 126)]},
        [box(236, 142, 44, 28), arrow(250, 112, 250, 132)],
        "Lying down, heel on a step, press the heel down and hold.",
    ),
    "low_speed_agility": (RUN, [cone(60), cone(260)], "Easy steps side to side between cones."),
    "change_of_direction": (
        RUN,
        [
            cone(70),
            cone(250),
            '<polyline points="60,186 110,176 160,186 210,176 260,186" fill="none" stroke="#b36b00" stroke-width="3"/>',
        ],
        "Run and turn between cones.",
    ),
    "sprint_progression": (RUN, [motion(120, 80)], "Build up speed over short runs."),
    "skipping": (
        {**RUN, "a": [(198, 88), (200, 124), (214, 126)]},
        [],
        "Skip with a high knee and the opposite arm up.",
    ),
    "bounding": (
        JUMP,
        [motion(120, 80), line([(40, FLOOR), (280, FLOOR)], KIT, 2)],
        "Long springy strides.",
    ),
    "hops": (JUMP, [arrow(230, 140, 230, 110)], "Hop on the spot, landing softly."),
    "plyometrics": (JUMP, [box(210, 140, 60, 30)], "Jumps and landings, onto a low box."),
    "kettlebell_swing": (SWING, [KETTLEBELL], "Swing a kettlebell from the hips."),
    "fast_high_knees": (HIGH_KNEE, [motion(120, 100)], "Quick high knees on the spot."),
    "sport_drills": (
        RUN,
        [ball(240, 158, 12)],
        "Drills from your sport, at match speed when ready.",
    ),
}


def svg(key, pose, extras, words):
    name = key.replace("_", " ").capitalize()
    body = "\n  ".join(
        [
            *extras[:0],
            *[e for e in extras if "box" in e or "rect" in e],
            *figure(pose),
            *[e for e in extras if "rect" not in e],
        ]
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" width="320" height="200" role="img" aria-labelledby="t d">
  <title id="t">{name}</title>
  <desc id="d">{words} Drawn for this project; distributed under the project's licence (see LICENSE.md in this folder).</desc>
  <defs><marker id="tip" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{CUE}"/></marker></defs>
  <rect width="320" height="200" fill="#fff"/>
  <line x1="20" y1="{FLOOR + 1}" x2="300" y2="{FLOOR + 1}" stroke="#c9d2d6" stroke-width="3"/>
  {body}
</svg>
"""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for key, (pose, extras, words) in DRAWINGS.items():
        (OUT / f"{key}.svg").write_text(svg(key, pose, extras, words))
    print(f"{len(DRAWINGS)} drawings in {OUT}")


if __name__ == "__main__":
    main()
