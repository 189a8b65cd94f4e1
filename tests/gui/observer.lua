-- SPDX-License-Identifier: GPL-2.0-or-later
-- Loaded into Wireshark's GUI by tests/gui/session.py (-X lua_script:...):
-- each time Wireshark dissects the capture with its taps (opening a file,
-- re-dissecting it after a preference changed), this writes what the
-- sipdialog analysis put in each frame's tree to $SIPDIALOG_GUI_LOG:
--   reset                     a pass begins
--   FRAME name=value ...      its sipdialog items, in tree order
--   draw                      the pass is over (the GUI draws its taps)
local out = assert(io.open(assert(os.getenv("SIPDIALOG_GUI_LOG")), "a"))

local function emit(line)
    out:write(line, "\n")
    out:flush()
end

local tap = Listener.new("frame", "sipdialog", true)

function tap.reset()
    emit("reset")
end

function tap.packet(pinfo)
    local items = {}
    for _, fi in ipairs({ all_field_infos() }) do
        if fi.name:match("^sipdialog%.") then
            items[#items + 1] = fi.name .. "=" .. tostring(fi.value or "")
        end
    end
    emit(pinfo.number .. " " .. table.concat(items, " "))
end

function tap.draw()
    emit("draw")
end
